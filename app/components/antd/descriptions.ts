// Server side of "#antd/descriptions" (package.json imports; the browser gets antd/es/descriptions).
export { Descriptions as default } from 'antd';
