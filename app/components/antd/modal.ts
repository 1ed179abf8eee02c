// Server side of "#antd/modal" (package.json imports; the browser gets antd/es/modal).
export { Modal as default } from 'antd';
