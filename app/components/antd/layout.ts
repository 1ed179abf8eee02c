// Server side of "#antd/layout" (package.json imports; the browser gets antd/es/layout).
export { Layout as default } from 'antd';
