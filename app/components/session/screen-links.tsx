// 大屏链接 (issue 10 §3): the panel the chair's console mounts for one session. Create a link for
// the projector (an optional label), see its URL once with a copy button and its expiry, list the
// active links and revoke them. Talks to the JSON API (GET/POST
// /api/v1/sessions/:id/screen-links, DELETE /api/v1/screen-links/:id); the server decides who may.
import { formatDateMinute } from '#app/components/format';
import { useCallback, useEffect, useState } from 'react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Input from '#antd/input';
import Popconfirm from '#antd/popconfirm';
import Space from '#antd/space';
import Typography from '#antd/typography';

type LinkSummary = {
  id: string;
  label: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
};
type Created = { id: string; label: string | null; url: string; expiresAt: string };

function when(iso: string): string {
  return formatDateMinute(iso);
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(body.error ?? `请求失败（${response.status}）`);
  return body as T;
}

export function ScreenLinksPanel({ sessionId }: { sessionId: string }) {
  const base = `/api/v1/sessions/${encodeURIComponent(sessionId)}/screen-links`;
  const [links, setLinks] = useState<LinkSummary[] | null>(null);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const { links } = await answer<{ links: LinkSummary[] }>(
        await fetch(base, { headers: { accept: 'application/json' } }),
      );
      setLinks(links);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [base]);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function create() {
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      const { link } = await answer<{ link: Created }>(
        await fetch(base, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(label.trim() ? { label: label.trim() } : {}),
        }),
      );
      setCreated(link);
      setLabel('');
      await reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: string) {
    setBusy(true);
    setError(null);
    try {
      await answer(
        await fetch(`/api/v1/screen-links/${encodeURIComponent(id)}`, {
          method: 'DELETE',
          headers: { accept: 'application/json' },
        }),
      );
      if (created?.id === id) setCreated(null);
      await reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const fullUrl = created ? `${window.location.origin}${created.url}` : '';
  async function copy() {
    try {
      await navigator.clipboard.writeText(fullUrl);
      setCopied(true);
    } catch {
      setError('无法访问剪贴板，请手动选中链接复制');
    }
  }

  const active = (links ?? []).filter((l) => l.active);
  return (
    <Card size="small" title="大屏链接" data-testid="screen-links">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          在投影电脑上打开链接即可显示大屏，无需登录；链接当天有效，可随时撤销。
        </Typography.Text>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            aria-label="链接名称"
            placeholder="名称（可选，如：主会场投影）"
            maxLength={40}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            onPressEnter={() => void create()}
          />
          <Button type="primary" loading={busy} onClick={() => void create()}>
            创建链接
          </Button>
        </Space.Compact>
        {error && <Alert type="error" showIcon message={error} />}
        {created && (
          <Alert
            type="success"
            showIcon
            data-testid="screen-link-created"
            message="链接已创建：只显示这一次，请现在复制"
            description={
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="screen-link-url">
                  {fullUrl}
                </Typography.Text>
                <Space>
                  <Button size="small" onClick={() => void copy()}>
                    {copied ? '已复制' : '复制链接'}
                  </Button>
                  <Typography.Text type="secondary">有效期至 {when(created.expiresAt)}</Typography.Text>
                </Space>
              </Space>
            }
          />
        )}
        {links !== null && active.length === 0 && (
          <Typography.Text type="secondary">暂无有效的大屏链接</Typography.Text>
        )}
        {active.map((link) => (
          <Space key={link.id} style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>
              {link.label ?? '未命名链接'}
              <Typography.Text type="secondary">
                {' '}
                · 创建于 {when(link.createdAt)} · 有效期至 {when(link.expiresAt)}
              </Typography.Text>
            </span>
            <Popconfirm
              title="撤销后，使用该链接的大屏将立即断开。确定撤销？"
              okText="撤销"
              cancelText="取消"
              onConfirm={() => void revoke(link.id)}
            >
              <Button size="small" danger disabled={busy}>
                撤销
              </Button>
            </Popconfirm>
          </Space>
        ))}
      </Space>
    </Card>
  );
}
