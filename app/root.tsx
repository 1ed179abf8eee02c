import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
} from '@remix-run/react';
import type { MetaFunction } from '@remix-run/node';
import type { ReactNode } from 'react';
import AntApp from '#antd/app';
import ConfigProvider from '#antd/config-provider';
import type { Locale } from 'antd/es/locale';
import zhCNModule from 'antd/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { ErrorPage } from '#app/components/error-page';
import { ANTD_STYLES_ID, ANTD_STYLES_PLACEHOLDER } from '#app/components/antd-styles';

// Under Node's ESM loader the CommonJS locale arrives wrapped ({ default: locale }); the browser
// bundle gets the locale itself. Unwrap so both sides render the same Chinese texts.
const zhCN = ((zhCNModule as unknown as { default?: Locale }).default ?? zhCNModule) as Locale;
dayjs.locale('zh-cn');

export const meta: MetaFunction = () => [{ title: '评审工作台 Pingshen' }];

const BASE_CSS =
  'html,body{margin:0;padding:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;background:#f5f6f8}';

/**
 * Holder for antd's server-extracted CSS. The server renders a placeholder that entry.server.tsx
 * replaces with the CSS; the browser keeps whatever the server sent. Extra <style> tags injected
 * outside React would make React 18 reject the hydration of <head>.
 */
function AntdStyles() {
  const css =
    typeof document === 'undefined'
      ? ANTD_STYLES_PLACEHOLDER
      : (document.getElementById(ANTD_STYLES_ID)?.innerHTML ?? '');
  return <style id={ANTD_STYLES_ID} dangerouslySetInnerHTML={{ __html: css }} />;
}

const THEME = { token: { colorPrimary: '#1d4ed8', borderRadius: 4 } };

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
        <style dangerouslySetInnerHTML={{ __html: BASE_CSS }} />
        <AntdStyles />
      </head>
      <body>
        <ConfigProvider locale={zhCN} theme={THEME}>
          <AntApp>{children}</AntApp>
        </ConfigProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return <ErrorPage status={status} />;
}
