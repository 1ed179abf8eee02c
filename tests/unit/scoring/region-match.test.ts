import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drawPanel } from '#scoring/draw-panel';
import { regionMatches } from '#scoring/region-match';

describe('regionMatches', () => {
  it.each([
    ['四川', '四川省'],
    ['四川省', '四川省'],
    ['四川', '四川省成都市'],
    ['四川省', '成都市'], // a city is in its province even when the province is not written
    ['四川', '成都'],
    ['四川', '四川成都'],
    ['成都', '四川省成都市'],
    ['成都市', '成都'],
    ['四川成都', '成都市高新区'],
    ['凉山', '四川省凉山彝族自治州'],
    ['凉山州', '凉山彝族自治州西昌市'],
    ['吉林市', '吉林省吉林市'],
    ['吉林', '长春市'],
    ['北京', '北京市海淀区'],
    ['内蒙古', '呼和浩特'],
    ['广西', '广西壮族自治区南宁市'],
    ['  四川 ', '四川省'],
    ['四川', '四 川 省'],
    ['海南', '海口市'],
    ['海南州', '青海省海南藏族自治州'],
  ])('%s finds %s', (filter, region) => {
    expect(regionMatches(filter, region)).toBe(true);
  });

  it.each([
    ['四川', '重庆市'],
    ['成都', '四川省'], // only the province is known: not placed in the city
    ['成都', '绵阳市'],
    ['吉林市', '长春市'],
    ['海南', '青海省海南藏族自治州'],
    ['四川', '陕西省'],
    ['北京', '天津市'],
  ])('%s does not find %s', (filter, region) => {
    expect(regionMatches(filter, region)).toBe(false);
  });

  it('falls back to containment for names it does not know', () => {
    expect(regionMatches('高新区', '成都市高新区')).toBe(true);
    expect(regionMatches('火星', '四川省')).toBe(false);
    expect(regionMatches('', '四川省')).toBe(true);
  });

  it('a province filter takes everything its cities take', () => {
    const regions = [
      '四川省成都市',
      '成都',
      '绵阳市',
      '重庆市',
      '四川省',
      '西安市',
      '北京市朝阳区',
      '朝阳市',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...regions),
        fc.constantFrom('成都', '绵阳', '西安', '朝阳'),
        (region, city) => {
          const province = { 成都: '四川', 绵阳: '四川', 西安: '陕西', 朝阳: '辽宁' }[city]!;
          if (regionMatches(city, region)) expect(regionMatches(province, region)).toBe(true);
        },
      ),
    );
  });

  it('the panel draw uses it: 四川 draws experts registered as 四川省 and 成都市', () => {
    const pool = [
      { id: 'a', name: '甲', fields: ['检测'], region: '四川省' },
      { id: 'b', name: '乙', fields: ['检测'], region: '成都市' },
      { id: 'c', name: '丙', fields: ['检测'], region: '重庆市' },
    ];
    const drawn = drawPanel(pool, {
      size: 2,
      backups: 0,
      field: '检测',
      region: '四川',
      seed: 's',
      chair: { kind: 'first_drawn' },
    });
    expect(drawn.ok).toBe(true);
    if (drawn.ok) expect([...drawn.value.members].sort()).toEqual(['a', 'b']);
  });
});
