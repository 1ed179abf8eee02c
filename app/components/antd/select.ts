// Server side of "#antd/select" (package.json imports; the browser gets antd/es/select).
export { Select as default } from 'antd';
