// Server side of "#antd/form" (package.json imports; the browser gets antd/es/form).
export { Form as default } from 'antd';
