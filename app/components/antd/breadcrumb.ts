// Server side of "#antd/breadcrumb" (package.json imports; the browser gets antd/es/breadcrumb).
export { Breadcrumb as default } from 'antd';
