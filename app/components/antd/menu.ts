// Server side of "#antd/menu" (package.json imports; the browser gets antd/es/menu).
export { Menu as default } from 'antd';
