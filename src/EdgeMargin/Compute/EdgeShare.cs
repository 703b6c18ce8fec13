namespace EdgeMargin.Compute;

/// <summary>How an edge server's compute is split among the users offloaded to it.</summary>
public static class EdgeShare
{
    /// <summary>
    /// Per-user share min(C_max, C_ES / n): capacity is split equally, but one user's request cannot use more
    /// than C_max (one model instance). One version of the authors' code wrote max; min is the model (docs/system-model.md, section 5).
    /// </summary>
    public static double PerUserFlops(double serverCapacityFlops, int usersOnServer, double userCapFlops)
        => Math.Min(userCapFlops, serverCapacityFlops / usersOnServer);
}
