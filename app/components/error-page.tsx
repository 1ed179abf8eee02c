// Friendly Chinese error pages (403 / 404 / 500) used by every error boundary.
import { Link } from '@remix-run/react';
import Button from '#antd/button';
import Result from '#antd/result';

type Props = { status: number; message?: string };

const TEXTS: Record<number, { title: string; subTitle: string }> = {
  400: { title: '请求有误', subTitle: '提交的内容不符合要求，请检查后重试。' },
  401: { title: '请先登录', subTitle: '登录已过期或尚未登录。' },
  403: { title: '无权访问', subTitle: '您的账号没有访问此页面的权限。如需开通，请联系系统管理员。' },
  404: { title: '页面不存在', subTitle: '您访问的页面不存在或已被移除，请检查网址。' },
};

export function ErrorPage({ status, message }: Props) {
  const text = TEXTS[status] ?? {
    title: '系统出错了',
    subTitle: '服务器处理请求时出错，请稍后重试；问题持续时请联系管理员。',
  };
  const resultStatus =
    status === 403 || status === 404 ? (String(status) as '403' | '404') : status >= 500 ? '500' : 'warning';
  return (
    <Result
      status={resultStatus}
      title={`${status} ${text.title}`}
      subTitle={message ?? text.subTitle}
      extra={
        <Link to="/">
          <Button type="primary">返回工作台</Button>
        </Link>
      }
    />
  );
}
