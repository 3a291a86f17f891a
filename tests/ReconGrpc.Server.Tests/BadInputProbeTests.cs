using System.Collections;
using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;
using Xunit.Abstractions;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Sends every RPC of every service in ReconGrpc.Contracts (found by reflection over the generated service
/// descriptors, so a new RPC is probed without a line here) empty, huge, control-character, out-of-range and
/// malformed values, one field at a time. Each answer must be a clean refusal (or, for a value that is merely
/// unusual, success) with a short message; nothing the probe sent may end up stored; and a health check on the
/// same connection must keep answering throughout.
/// </summary>
public sealed class BadInputProbeTests(ITestOutputHelper output)
{
    /// <summary>Statuses a bad value may get: the caller's mistake, named. Anything else (UNKNOWN, INTERNAL, a deadline) is a defect.</summary>
    private static readonly HashSet<StatusCode> Refusals =
    [
        StatusCode.InvalidArgument, StatusCode.OutOfRange, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.ResourceExhausted,
    ];

    private const int MaxMessageBytes = 1024;

    /// <summary>A string that passes as text but carries NUL and an ANSI escape.</summary>
    private const string ControlText = "probe\u0000\u001b[31m";

    /// <summary>Stands in for a string's bytes so they can be swapped for invalid UTF-8 after encoding.</summary>
    private const string Utf8Marker = "\uE000\uE000";

    private const char HugeChar = 'Z';

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    /// <summary>Every service the contracts define.</summary>
    public static IReadOnlyList<ServiceDescriptor> ContractServices { get; } = typeof(DecimalValue).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(ServiceDescriptor))
        .Select(p => (ServiceDescriptor)p!.GetValue(null)!)
        .OrderBy(s => s.FullName, StringComparer.Ordinal)
        .ToList();

    [Fact]
    public void The_probe_finds_every_service_of_the_contracts()
    {
        var names = ContractServices.Select(s => s.Name).ToList();

        Assert.Contains("CategoryService", names);
        Assert.Contains("ReconciliationService", names);
        Assert.Contains("ImportService", names);
        Assert.True(ContractServices.Sum(s => s.Methods.Count) > 50, "the contracts define more than 50 RPCs");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Every_rpc_refuses_bad_input_cleanly_stores_none_of_it_and_keeps_the_connection_flowing(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await SeedAsync(server);
        var invoker = server.Invoker(server.AdminKey);
        var clock = Stopwatch.StartNew();

        using var stop = new CancellationTokenSource();
        var health = KeepCheckingHealthAsync(server, stop.Token);
        var failures = new List<string>();
        var calls = 0;
        foreach (var service in ContractServices)
        {
            foreach (var method in service.Methods)
            {
                foreach (var probe in Probes(method.InputType))
                {
                    calls++;
                    var (code, detail) = await CallAsync(invoker, service, method, probe.Payload);
                    var allowed = Refusals.Contains(code) || (code == StatusCode.OK && probe.MayPass);
                    if (!allowed || Encoding.UTF8.GetByteCount(detail) >= MaxMessageBytes)
                    {
                        failures.Add($"{service.Name}.{method.Name} with {probe.Name}: {code} ({Encoding.UTF8.GetByteCount(detail)} bytes) {Shorten(detail)}");
                    }
                }
            }
        }

        await stop.CancelAsync();
        var healthChecks = await health;
        output.WriteLine($"{calls} probe calls in {clock.Elapsed.TotalSeconds:0.0} s; {healthChecks} health checks answered meanwhile");

        Assert.True(failures.Count == 0, $"{failures.Count} unclean answers of {calls}:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(healthChecks > 0, "health checks ran beside the probe");
        await AssertNothingProbedWasStoredAsync(server);
    }

    /// <summary>One category and one customer, so that calls naming real things get past "not found".</summary>
    private static async Task SeedAsync(TestServer server)
    {
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "01", Name = "探针" });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = "P1", Name = "探针客户有限公司", CategoryCode = "01" },
        });
    }

    /// <summary>Health checks on the probe's own connection, each with a short deadline, until stopped; returns how many answered.</summary>
    private static async Task<int> KeepCheckingHealthAsync(TestServer server, CancellationToken stop)
    {
        var client = new Grpc.Health.V1.Health.HealthClient(server.Invoker(null));
        var answered = 0;
        while (!stop.IsCancellationRequested)
        {
            var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
            answered++;
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return answered;
    }

    private static async Task<(StatusCode Code, string Detail)> CallAsync(CallInvoker invoker, ServiceDescriptor service, MethodDescriptor method, byte[] payload)
    {
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var rpc = new Method<byte[], byte[]>(type, service.FullName, method.Name, Raw, Raw);
        // A watch accepted streams until its client leaves: the probe leaves after a moment and counts that as passed.
        using var leave = new CancellationTokenSource();
        var openEnded = StreamsUntilCancelled.Contains(method.Name);
        if (openEnded)
        {
            leave.CancelAfter(TimeSpan.FromSeconds(1));
        }

        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: leave.Token);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(rpc, null, options, payload);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(rpc, null, options, payload))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }

                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(rpc, null, options))
                    {
                        await call.RequestStream.WriteAsync(payload);
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }

                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(rpc, null, options))
                    {
                        await call.RequestStream.WriteAsync(payload);
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }

                    break;
            }

            return (StatusCode.OK, "");
        }
        catch (RpcException ex) when (openEnded && ex.StatusCode == StatusCode.Cancelled && leave.IsCancellationRequested)
        {
            return (StatusCode.OK, "");
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Status.Detail);
        }
    }

    /// <summary>Server-streaming RPCs that, once they accept a request, stream until the client cancels.</summary>
    private static readonly HashSet<string> StreamsUntilCancelled = ["WatchCreditAlerts"];

    private sealed record Probe(string Name, byte[] Payload, bool MayPass);

    /// <summary>
    /// The bad inputs for one request type: the empty message, then each field spoiled in each way that fits its type.
    /// Amounts beyond their range and dates far in the future (a DecimalValue of 10^28, a Date of 9999-12-31) are
    /// part N of issue 20 (numbers) and have their own tests; here a DecimalValue or Date is spoiled only as any
    /// string or integer is.
    /// </summary>
    private static IEnumerable<Probe> Probes(MessageDescriptor request)
    {
        yield return new Probe("an empty message", [], MayPass: true);
        yield return new Probe("a truncated message", [0x0a, 0x05, 0x01], MayPass: false);
        yield return new Probe("a malformed varint", [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], MayPass: false);
        foreach (var path in Fields(request, [], 0))
        {
            var field = path[^1];
            var name = string.Join(".", path.Select(f => f.Name));
            if (field.IsMap)
            {
                yield return new Probe($"{name} with a key holding NUL and ESC", BuildMap(request, path, ControlText, "v"), MayPass: false);
                yield return new Probe($"{name} with a value of 1,000,000 characters", BuildMap(request, path, "k", new string(HugeChar, 1_000_000)), MayPass: false);
                continue;
            }

            switch (field.FieldType)
            {
                case FieldType.String:
                    yield return new Probe($"{name} of 1,000,000 characters", Build(request, path, new string(HugeChar, 1_000_000)), MayPass: false);
                    yield return new Probe($"{name} with NUL and ESC", Build(request, path, ControlText), MayPass: false);
                    yield return new Probe($"{name} with invalid UTF-8", InvalidUtf8(Build(request, path, Utf8Marker)), MayPass: false);
                    if (field.IsRepeated)
                    {
                        yield return new Probe($"{name} with 2,000 elements", Build(request, path, "x", count: 2000), MayPass: false);
                    }

                    break;
                case FieldType.Enum:
                    yield return new Probe($"{name} = 999", Build(request, path, 999), MayPass: false);
                    yield return new Probe($"{name} = -1", Build(request, path, -1), MayPass: false);
                    break;
                case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                    yield return new Probe($"{name} = -1", Build(request, path, -1), MayPass: true);
                    yield return new Probe($"{name} = int.MaxValue", Build(request, path, int.MaxValue), MayPass: true);
                    break;
                case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                    yield return new Probe($"{name} = -1", Build(request, path, -1L), MayPass: true);
                    yield return new Probe($"{name} = long.MaxValue", Build(request, path, long.MaxValue), MayPass: true);
                    if (field.IsRepeated)
                    {
                        yield return new Probe($"{name} with 200,000 elements", Build(request, path, 1L, count: 200_000), MayPass: false);
                    }

                    break;
            }
        }
    }

    /// <summary>Paths to every field, into nested messages a few levels deep (not into a type already on the path).</summary>
    private static IEnumerable<FieldDescriptor[]> Fields(MessageDescriptor type, FieldDescriptor[] prefix, int depth)
    {
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            FieldDescriptor[] path = [.. prefix, field];
            if (field.FieldType == FieldType.Message && !field.IsMap)
            {
                var nested = field.MessageType;
                if (depth < 3 && !field.IsRepeated && prefix.All(f => f.ContainingType != nested) && nested != type)
                {
                    foreach (var inner in Fields(nested, path, depth + 1))
                    {
                        yield return inner;
                    }
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    /// <summary>The request with the field at <paramref name="path"/> set to <paramref name="value"/> (<paramref name="count"/> times when repeated).</summary>
    private static byte[] Build(MessageDescriptor request, FieldDescriptor[] path, object value, int count = 1)
    {
        var (root, holder) = Open(request, path);

        var field = path[^1];
        var typed = field.FieldType == FieldType.Enum ? Enum.ToObject(field.EnumType.ClrType, value) : value;
        if (field.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(holder);
            for (var i = 0; i < count; i++)
            {
                list.Add(typed);
            }
        }
        else
        {
            field.Accessor.SetValue(holder, typed);
        }

        return root.ToByteArray();
    }

    /// <summary>A new request and the message inside it that holds the last field of <paramref name="path"/>.</summary>
    private static (IMessage Root, IMessage Holder) Open(MessageDescriptor request, FieldDescriptor[] path)
    {
        var root = request.Parser.ParseFrom(ByteString.Empty);
        var holder = root;
        foreach (var step in path[..^1])
        {
            var nested = (IMessage?)step.Accessor.GetValue(holder) ?? step.MessageType.Parser.ParseFrom(ByteString.Empty);
            step.Accessor.SetValue(holder, nested);
            holder = nested;
        }

        return (root, holder);
    }

    /// <summary>
    /// The request with one entry in the map at <paramref name="path"/>: the value as text, or, in a map of messages
    /// (a DecimalValue by currency), a message whose text field holds it.
    /// </summary>
    private static byte[] BuildMap(MessageDescriptor request, FieldDescriptor[] path, string key, string value)
    {
        var (root, holder) = Open(request, path);
        var valueField = path[^1].MessageType.FindFieldByNumber(2);
        object entry = value;
        if (valueField.FieldType == FieldType.Message)
        {
            var message = valueField.MessageType.Parser.ParseFrom(ByteString.Empty);
            var text = valueField.MessageType.Fields.InFieldNumberOrder().First(f => f.FieldType == FieldType.String);
            text.Accessor.SetValue(message, value);
            entry = message;
        }

        ((IDictionary)path[^1].Accessor.GetValue(holder))[key] = entry;
        return root.ToByteArray();
    }

    /// <summary>Swaps the marker's UTF-8 bytes for bytes no UTF-8 text contains, keeping every length prefix right.</summary>
    private static byte[] InvalidUtf8(byte[] payload)
    {
        var marker = Encoding.UTF8.GetBytes(Utf8Marker);
        var at = payload.AsSpan().IndexOf(marker);
        Assert.True(at >= 0, "the marker is in the encoded request");
        payload.AsSpan(at, marker.Length).Fill(0xff);
        return payload;
    }

    /// <summary>Every audit entry (the record of every change) holds nothing the probe sent: no control character, no huge value.</summary>
    private static async Task AssertNothingProbedWasStoredAsync(TestServer server)
    {
        var audit = server.Audit(server.AdminKey);
        var token = "";
        do
        {
            var page = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageToken = token });
            foreach (var entry in page.Entries)
            {
                var text = entry.ToString();
                Assert.DoesNotContain("\\u0000", text, StringComparison.Ordinal);
                Assert.DoesNotContain("\\u001b", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(new string(HugeChar, 300), text, StringComparison.Ordinal);
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);

        var customers = await server.Customers(server.AdminKey).SearchCustomersAsync(new SearchCustomersRequest());
        Assert.All(customers.Customers, c => Assert.DoesNotContain(c.Fields.ToString(), ch => char.IsControl(ch)));
    }

    private static string Shorten(string detail) => detail.Length > 200 ? detail[..200] + "…" : detail;
}
