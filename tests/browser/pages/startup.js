// What tests/browser/startup.test.js does in startup.html and preload.html: import the package when
// the test chooses, then make a first request.
window.api = {
  importPackage: () => import('/js-glue/index.js').then(() => true),
  async firstRequest() {
    const { createClient } = await import('/js-glue/index.js');
    const client = createClient({ baseURL: location.origin });
    const response = await client.post('/login', {}, { skipAuth: true });
    return response.status;
  },
};
window.pageReady = true;
