// Server side of "#antd/statistic" (package.json imports; the browser gets antd/es/statistic).
export { Statistic as default } from 'antd';
