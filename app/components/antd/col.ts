// Server side of "#antd/col" (package.json imports; the browser gets antd/es/col).
export { Col as default } from 'antd';
