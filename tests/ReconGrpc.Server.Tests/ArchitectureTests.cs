using System.Reflection;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// The layers by what each assembly references: the domain, the engine and the plugin SDK use the BCL only, and
/// the application layer knows nothing of gRPC or ASP.NET Core. A reference that breaks a layer fails here, not in
/// a review.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(ReconGrpc.Domain.RuleViolation).Assembly;
    private static readonly Assembly Matching = typeof(ReconGrpc.Matching.ReconciliationEngine).Assembly;
    private static readonly Assembly Sdk = typeof(ReconGrpc.Plugins.Abstractions.IImportAdapter).Assembly;
    private static readonly Assembly Application = typeof(ReconGrpc.Application.ApplicationServiceCollectionExtensions).Assembly;

    [Fact]
    public void The_domain_uses_the_BCL_and_the_engine_only() =>
        Assert.Equal([], References(Domain).Where(name => !IsBcl(name) && name != Matching.GetName().Name));

    [Fact]
    public void The_matching_engine_uses_the_BCL_only() =>
        Assert.Equal([], References(Matching).Where(name => !IsBcl(name)));

    [Fact]
    public void The_plugin_SDK_uses_the_BCL_only() =>
        Assert.Equal([], References(Sdk).Where(name => !IsBcl(name)));

    [Fact]
    public void The_application_layer_knows_no_transport()
    {
        var transport = References(Application).Where(name =>
            name.StartsWith("Grpc", StringComparison.Ordinal)
            || name.StartsWith("Google.Protobuf", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name is "ReconGrpc.Contracts" or "ReconGrpc.Server");
        Assert.Equal([], transport);
    }

    [Fact]
    public void The_application_layer_is_what_the_server_builds_on()
    {
        // Guards the test above against passing vacuously: the assembly it inspects is the one the server uses.
        var server = typeof(ReconServer).Assembly;
        Assert.Contains(Application.GetName().Name, References(server));
        Assert.Contains("Grpc.AspNetCore.Server", References(server));
    }

    private static IEnumerable<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!);

    private static bool IsBcl(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);
}
