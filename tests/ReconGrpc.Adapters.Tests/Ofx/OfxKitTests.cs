using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Plugins.Testing;

namespace ReconGrpc.Adapters.Tests.Ofx;

/// <summary>The plugin test kit runs the OFX adapter as the server does, into a bank statement.</summary>
public sealed class OfxKitTests
{
    public static TheoryData<string> RealOfxFiles => RealFiles.Cases("ofx/oca-test_ofx.ofx", "ofx/ofxparse-checking.ofx", "ofx/ofxparse-bank_medium.ofx");

    [Theory]
    [MemberData(nameof(RealOfxFiles))]
    public async Task The_server_would_load_the_adapter_detect_each_real_file_and_read_it_into_a_bank_statement(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var result = await AdapterRun.ReadFileAsync(new OfxAdapter(), RealFiles.PathOf(path),
            new AdapterRunOptions { IntoStatement = StatementKind.BankStatement, Options = new Dictionary<string, string> { ["encoding"] = "auto" } },
            TestContext.Cancellation);

        Assert.True(result.Detection.Confidence >= 0.9, result.Detection.Reason);
        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.RecordsOf<StatementLineRecord>());
        Assert.NotEmpty(result.RecordsOf<StatementBalanceRecord>());
    }
}
