using ReconGrpc.Plugins.Abstractions;

// Records the SDK version this plugin is built against; the server refuses the plugin if its SDK's major differs.
[assembly: ReconPlugin(PluginSdk.VersionText)]
