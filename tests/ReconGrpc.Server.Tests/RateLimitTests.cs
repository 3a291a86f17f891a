using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>Per-key rate limits (RateLimits section): a token bucket per API key. Transport only: SQLite.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_key_over_its_limit_is_refused_with_resource_exhausted_while_other_keys_and_health_checks_go_on()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, TinyLimits(burst: 3));
        var busy = server.Categories(await server.CreateKeyAsync(Role.Viewer, "busy"));
        var quiet = server.Categories(await server.CreateKeyAsync(Role.Viewer, "quiet"));

        // A permit comes back each second; twenty calls in a row outrun that on any machine.
        RpcException? refused = null;
        var granted = 0;
        for (var call = 0; call < 20 && refused is null; call++)
        {
            try
            {
                await busy.GetCodingSchemeAsync(new GetCodingSchemeRequest());
                granted++;
            }
            catch (RpcException ex)
            {
                refused = ex;
            }
        }

        var quietAnswer = await quiet.GetCodingSchemeAsync(new GetCodingSchemeRequest());
        var health = new Grpc.Health.V1.Health.HealthClient(server.Invoker(null));
        var statuses = new List<HealthCheckResponse.Types.ServingStatus>();
        for (var check = 0; check < 10; check++)
        {
            statuses.Add((await health.CheckAsync(new HealthCheckRequest())).Status);
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.InRange(granted, 3, 19);
        Assert.Contains("rate limit", refused.Status.Detail);
        Assert.Contains("1 a second, bursts of up to 3", refused.Status.Detail);
        Assert.Matches(@"retry after \d+(\.\d)? s", refused.Status.Detail);
        Assert.True(long.TryParse(refused.Trailers.GetValue("grpc-retry-pushback-ms"), out var pushback) && pushback > 0,
            "the refusal carries grpc-retry-pushback-ms");
        Assert.NotNull(quietAnswer.Scheme);
        Assert.All(statuses, status => Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status));
    }

    [Fact]
    public async Task A_streaming_call_counts_once_however_many_messages_it_carries()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, TinyLimits(burst: 3));
        var key = await server.CreateKeyAsync(Role.Viewer, "streamer");

        // Reflection is a duplex stream: ten requests on one call.
        using (var reflection = new ServerReflection.ServerReflectionClient(server.Invoker(key)).ServerReflectionInfo())
        {
            for (var message = 0; message < 10; message++)
            {
                await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
                Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
            }

            await reflection.RequestStream.CompleteAsync();
        }

        var after = await server.Categories(key).GetCodingSchemeAsync(new GetCodingSchemeRequest());

        Assert.NotNull(after.Scheme);
    }

    [Fact]
    public async Task Settings_that_make_no_bucket_stop_the_server_on_start()
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:PermitsPerSecond"] = "5", ["RateLimits:Burst"] = "0" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(TestDatabases.Sqlite, settings));

        Assert.Contains("RateLimits:Burst", error.Message);
    }

    private static Dictionary<string, string?> TinyLimits(int burst) => new()
    {
        ["RateLimits:PermitsPerSecond"] = "1",
        ["RateLimits:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
