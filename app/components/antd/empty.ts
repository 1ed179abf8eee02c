// Server side of "#antd/empty" (package.json imports; the browser gets antd/es/empty).
export { Empty as default } from 'antd';
