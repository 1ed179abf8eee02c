// Server side of "#antd/typography" (package.json imports; the browser gets antd/es/typography).
export { Typography as default } from 'antd';
