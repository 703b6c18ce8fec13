namespace EdgeMargin.Scenarios;

/// <summary>
/// What one generated server fixes instead of drawing: its compute capacity (FLOP/s; otherwise drawn as the generator
/// says) and its bandwidth (Hz; otherwise <see cref="PhysicalConstants.BandwidthHz"/>). Heterogeneous servers (one
/// large site, two small ones) are a list of these beside the positions.
/// </summary>
/// <remarks>
/// A fixed capacity still consumes its draw from the geometry stream, so fixing one server's capacity leaves every
/// other draw of the epoch (the other servers, the users' positions, fading and devices) unchanged: the comparison
/// with the homogeneous run is paired.
/// </remarks>
/// <param name="CapacityFlops">Fixed edge capacity C_j, FLOP/s (null: drawn).</param>
/// <param name="BandwidthHz">Fixed bandwidth B_j, Hz (null: the physical constant).</param>
public sealed record ServerOverride(double? CapacityFlops = null, double? BandwidthHz = null)
{
    /// <summary>Adds this override's problems to <paramref name="problems"/>, each prefixed with <paramref name="path"/>.</summary>
    public void Validate(List<string> problems, string path)
    {
        if (CapacityFlops is double c && !(c > 0 && double.IsFinite(c))) problems.Add($"{path}capacityFlops must be a finite number > 0 (got {c}).");
        if (BandwidthHz is double b && !(b > 0 && double.IsFinite(b))) problems.Add($"{path}bandwidthHz must be a finite number > 0 (got {b}).");
    }
}
