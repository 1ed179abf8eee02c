// Server side of "#antd/card" (package.json imports; the browser gets antd/es/card).
export { Card as default } from 'antd';
