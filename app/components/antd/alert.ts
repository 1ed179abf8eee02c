// Server side of "#antd/alert" (package.json imports; the browser gets antd/es/alert).
export { Alert as default } from 'antd';
