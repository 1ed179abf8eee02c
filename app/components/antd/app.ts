// Server side of "#antd/app" (package.json imports; the browser gets antd/es/app).
export { App as default } from 'antd';
