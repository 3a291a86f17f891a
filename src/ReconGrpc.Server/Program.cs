using ReconGrpc.Server;

var app = ReconServer.Build(args);
await app.PrepareAsync();
await app.RunAsync();
