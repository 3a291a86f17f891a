namespace ReconGrpc.Application.Jobs;

/// <summary>The <c>Jobs</c> section: the job engine (Hangfire) that executes runs on whichever instance is free.</summary>
public sealed class JobOptions
{
    /// <summary>Jobs this instance executes at once; 0 takes the run limit plus one (a run waiting for a slot holds a worker).</summary>
    public int Workers { get; set; }

    /// <summary>
    /// PostgreSQL and SQL Server: how long a job whose instance stopped answering stays invisible before another
    /// instance takes it. A live instance keeps its jobs by a heartbeat at a fifth of this.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>PostgreSQL and SQL Server: how often an idle worker looks for a job it was not told of.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>PostgreSQL and SQL Server: the schema of the job engine's tables, created and upgraded by the engine itself.</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>The name this instance goes by among the job engine's servers; empty takes host name and process id.</summary>
    public string? InstanceName { get; set; }

    public JobOptions Validated()
    {
        if (Workers < 0 || InvisibilityTimeout < TimeSpan.FromSeconds(5) || PollInterval <= TimeSpan.Zero || string.IsNullOrWhiteSpace(Schema))
        {
            throw new InvalidOperationException(
                "Jobs: Workers must be 0 or more, InvisibilityTimeout at least 00:00:05, PollInterval positive and Schema a name.");
        }

        return this;
    }
}
