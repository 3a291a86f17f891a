using System.Threading.Channels;

namespace ReconGrpc.Application;

/// <summary>The producer's side of a bounded queue drained by a writer task of its own.</summary>
internal static class WriterQueue
{
    /// <summary>
    /// Queues an item, waiting for room. When the writer has stopped on an error (it completes the queue with it),
    /// that error is rethrown here rather than the queue's closing.
    /// </summary>
    public static async ValueTask WriteOrRethrowAsync<T>(this ChannelWriter<T> queue, T item, Task writer, CancellationToken cancellationToken)
    {
        if (queue.TryWrite(item))
        {
            return;
        }

        try
        {
            await queue.WriteAsync(item, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            await writer;
            throw;
        }
    }
}
