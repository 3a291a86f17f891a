using ReconGrpc.Plugins.Abstractions;

[assembly: ReconPlugin(PluginSdk.VersionText)]
