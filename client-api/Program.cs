using Domains.ClientApi;

var app = DomainsApi.Build(args);
await app.RunAsync();
