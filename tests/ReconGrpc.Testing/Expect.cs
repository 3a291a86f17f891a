using Grpc.Core;

namespace ReconGrpc.Testing;

public static class Expect
{
    /// <summary>Awaits a call that must fail with <paramref name="code"/>; returns the status detail for further checks.</summary>
    public static async Task<string> Status(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == error.StatusCode, $"expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        return error.Status.Detail;
    }
}
