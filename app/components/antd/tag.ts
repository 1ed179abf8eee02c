// Server side of "#antd/tag" (package.json imports; the browser gets antd/es/tag).
export { Tag as default } from 'antd';
