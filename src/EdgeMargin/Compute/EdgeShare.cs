namespace EdgeMargin.Compute;

/// <summary>How an edge server's compute is split among the users offloaded to it.</summary>
public static class EdgeShare
{
    /// <summary>
    /// Per-user share min(C_max, C_ES / n): capacity is split equally, but one user's request cannot use more
    /// than C_max (one model instance). The note flags that one code version wrote max; min is the reference.
    /// </summary>
    public static double PerUserFlops(double serverCapacityFlops, int usersOnServer, double userCapFlops)
        => Math.Min(userCapFlops, serverCapacityFlops / usersOnServer);
}
