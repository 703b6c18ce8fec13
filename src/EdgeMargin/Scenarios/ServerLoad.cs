namespace EdgeMargin.Scenarios;

/// <summary>
/// What one edge server is already doing when an epoch is decided: the jobs that will share its compute with the users
/// placed now, and how long those users wait before their own service starts. A snapshot, constant for the epoch; the
/// paper's static model is <see cref="Idle"/> on every server.
/// </summary>
/// <param name="JobsInService">
/// b_j: jobs already in service on the server that keep sharing its compute while the new users are served. A user
/// placed on a server with n_j new users (itself included) then gets the compute share min(C_max, C_j / (n_j + b_j))
/// instead of min(C_max, C_j / n_j). Their uploads are finished, so they do not share the band.
/// </param>
/// <param name="WaitS">
/// W_j, seconds: time before a user placed now starts being served (a queue ahead of it, an admission delay), added to
/// its edge time. Finite, &gt;= 0.
/// </param>
/// <remarks>
/// <para>
/// With a load, the gap and the evaluator use t_edge = W_j + work / min(C_max, C_j / (n_j + b_j)). Both terms are constant
/// within an epoch, so a gap still only grows as users are placed (more users, more interference), which is what the fast
/// engine's exactness and the optimum's bound need; see docs/fast-goa.md.
/// </para>
/// <para>
/// How a producer fills the snapshot (a discrete-event simulation at the start of a decision epoch, or a gateway from its
/// servers' state): under processor sharing with a per-job cap, the paper's edge model over time, set
/// <see cref="JobsInService"/> to the jobs in service and <see cref="WaitS"/> to 0; the estimate then assumes they stay for
/// the new users' whole service, an upper bound on the slowdown they cause (they may finish sooner). Under a FIFO queue or a
/// batch with a memory limit, set <see cref="WaitS"/> to the expected time until a new job is admitted (for example the
/// remaining work ahead of it divided by the rate it is served at) and <see cref="JobsInService"/> to the jobs it will share
/// the server with once admitted. Whatever the producer chooses, the decision sees exactly these two numbers per server.
/// </para>
/// <para>
/// A snapshot is attached with <see cref="Scenario.WithLoad"/>; whether a policy's decision sees it is the caller's choice
/// (<c>PolicyContext.BacklogAware</c>, off by default: the paper's static estimate), while <c>OutcomeEvaluator</c> always
/// scores an assignment under it.
/// </para>
/// </remarks>
public readonly record struct ServerLoad(int JobsInService, double WaitS)
{
    /// <summary>Largest <see cref="JobsInService"/> accepted (far beyond any real server; keeps n_j + b_j within an int).</summary>
    public const int MaxJobsInService = 1_000_000_000;

    /// <summary>No job in service and no wait: the paper's static model.</summary>
    public static ServerLoad Idle => default;

    /// <summary>Whether this is <see cref="Idle"/> (a wait of -0.0 counts as none).</summary>
    public bool IsIdle => JobsInService == 0 && WaitS == 0;

    /// <summary>The problems of this load as server <paramref name="at"/>'s, each naming the field and the fix; empty when valid.</summary>
    public IEnumerable<string> Validate(string at)
    {
        if (JobsInService is < 0 or > MaxJobsInService)
            yield return $"{at}.jobsInService must be an integer in [0, {MaxJobsInService}] (got {JobsInService}): the jobs already in service on the server.";
        if (!(WaitS >= 0) || double.IsInfinity(WaitS))
            yield return $"{at}.waitS must be a finite number of seconds >= 0 (got {WaitS}): the wait before a new job's service starts.";
    }
}
