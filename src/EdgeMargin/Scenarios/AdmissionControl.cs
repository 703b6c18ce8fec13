namespace EdgeMargin.Scenarios;

/// <summary>
/// Admission control at the edge servers: how many users one server takes at most in an epoch. Off by default, as in
/// the paper.
/// </summary>
/// <remarks>
/// It belongs to the deployment (what a server admits), not to a policy: every engine and every baseline that places
/// users reads it from the epoch, so they all respect the same cap, and the objective treats a pair past it as
/// unavailable.
/// </remarks>
public sealed record AdmissionControl
{
    /// <summary>At most this many users per edge server (null = unlimited, as in the paper).</summary>
    public int? MaxUsersPerServer { get; init; }

    /// <summary>No cap (the paper's behaviour).</summary>
    public static AdmissionControl Unlimited { get; } = new();

    /// <summary>Every problem, each naming the field by its JSON path (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Validate(problems, "");
        return problems;
    }

    internal void Validate(List<string> problems, string prefix)
    {
        if (MaxUsersPerServer is < 1)
            problems.Add($"{prefix}maxUsersPerServer must be at least 1 when set (got {MaxUsersPerServer}); leave it unset for no cap.");
    }
}
