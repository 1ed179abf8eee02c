// Unknown /api/v1/* paths answer JSON 404 instead of the HTML 404 page.
import { notFound } from '#app/utils/http.server';

export async function loader() {
  return notFound('接口不存在');
}

export async function action() {
  return notFound('接口不存在');
}
