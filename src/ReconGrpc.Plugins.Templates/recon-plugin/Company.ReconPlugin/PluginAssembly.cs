using ReconGrpc.Plugins.Abstractions;

// Records the SDK version this plugin is built against; the server refuses a plugin of another major, or a newer minor.
[assembly: ReconPlugin(PluginSdk.VersionText)]
