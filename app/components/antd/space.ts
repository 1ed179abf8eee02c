// Server side of "#antd/space" (package.json imports; the browser gets antd/es/space).
export { Space as default } from 'antd';
