using Google.Protobuf;
using Grpc.Core;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Testing;

/// <summary>Uploads a file through ImportService.Import the way a client does: header, chunks, half-close.</summary>
public static class ImportClient
{
    public static async Task<(ImportBatch Summary, IReadOnlyList<ImportProgress> Progress)> UploadAsync(
        ImportService.ImportServiceClient client, ImportHeader header, byte[] content, int chunkSize = 64 * 1024, CancellationToken cancellationToken = default)
    {
        using var call = client.Import(cancellationToken: cancellationToken);
        async Task SendAsync()
        {
            await call.RequestStream.WriteAsync(new ImportRequest { Header = header }, cancellationToken);
            for (var offset = 0; offset < content.Length; offset += chunkSize)
            {
                var length = Math.Min(chunkSize, content.Length - offset);
                await call.RequestStream.WriteAsync(new ImportRequest { Chunk = ByteString.CopyFrom(content, offset, length) }, cancellationToken);
            }

            await call.RequestStream.CompleteAsync();
        }

        // Send and receive at once, as a client must: a server that refuses early ends the call while chunks are
        // still going out, and the refusal (not the failed write) is what the caller should see.
        var sending = SendAsync();
        var progress = new List<ImportProgress>();
        ImportBatch? summary = null;
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (response.EventCase == ImportResponse.EventOneofCase.Progress)
            {
                progress.Add(response.Progress);
            }
            else
            {
                summary = response.Summary;
            }
        }

        await sending;
        return (summary ?? throw new InvalidOperationException("the import ended without a summary"), progress);
    }

    /// <summary>Reads the rest of an import's responses, for a test that drove its start itself: its summary.</summary>
    public static async Task<ImportBatch> SummaryAsync(IAsyncStreamReader<ImportResponse> responses, CancellationToken cancellationToken = default)
    {
        ImportBatch? summary = null;
        await foreach (var response in responses.ReadAllAsync(cancellationToken))
        {
            if (response.EventCase == ImportResponse.EventOneofCase.Summary)
            {
                summary = response.Summary;
            }
        }

        return summary ?? throw new InvalidOperationException("the import ended without a summary");
    }
}
