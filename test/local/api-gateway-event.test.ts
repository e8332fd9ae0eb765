import { fromApiGatewayResult, toApiGatewayEvent } from '../../local/http/api-gateway-event';

describe('toApiGatewayEvent (HTTP API payload 2.0)', () => {
  const request = (url: string, body = '', contentType = 'text/xml') => ({
    method: 'POST',
    url,
    headers: { 'Content-Type': contentType, Host: 'localhost:3000' },
    body: Buffer.from(body),
    sourceIp: '127.0.0.1',
  });

  it('maps path, query, headers and a text body the way API Gateway does', () => {
    const event = toApiGatewayEvent(request('/wecom/ww1/callback?echostr=a%2Bb%3D%3D&plus=a+b&x=1&x=2', '<xml/>'), {
      routeKey: 'POST /wecom/{corpId}/callback',
      pathParameters: { corpId: 'ww1' },
    });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /wecom/{corpId}/callback',
      rawPath: '/wecom/ww1/callback',
      rawQueryString: 'echostr=a%2Bb%3D%3D&plus=a+b&x=1&x=2',
      queryStringParameters: { echostr: 'a+b==', plus: 'a+b', x: '1,2' },
      pathParameters: { corpId: 'ww1' },
      headers: { 'content-type': 'text/xml', host: 'localhost:3000' },
      body: '<xml/>',
      isBase64Encoded: false,
    });
    expect(event.requestContext.http).toMatchObject({ method: 'POST', path: '/wecom/ww1/callback', sourceIp: '127.0.0.1' });
  });

  it('base64-encodes a binary body and leaves an empty one undefined', () => {
    const binary = toApiGatewayEvent(request('/x', '\u0000\u0001', 'application/octet-stream'), { routeKey: 'POST /x' });
    expect(binary).toMatchObject({ body: Buffer.from('\u0000\u0001').toString('base64'), isBase64Encoded: true });
    const empty = toApiGatewayEvent(request('/x'), { routeKey: 'POST /x' });
    expect(empty.body).toBeUndefined();
    expect(empty.queryStringParameters).toBeUndefined();
  });

  it('keeps a malformed percent-escape as sent instead of throwing', () => {
    expect(toApiGatewayEvent(request('/x?a=%E0%A4%A'), { routeKey: 'POST /x' }).queryStringParameters).toEqual({ a: '%E0%A4%A' });
  });

  it('maps a structured result back to a response', () => {
    expect(fromApiGatewayResult({ statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: 'ok' })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('ok'),
    });
    expect(fromApiGatewayResult({ statusCode: 204 }).body.length).toBe(0);
  });
});
