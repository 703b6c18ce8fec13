namespace EdgeMargin.Scenarios;

/// <summary>One edge server: where it stands, its uplink band and its compute capacity.</summary>
/// <param name="Id">Stable identifier reported in assignments.</param>
/// <param name="X">Position, metres (NaN when only channel gains are known).</param>
/// <param name="Y">Position, metres (NaN when only channel gains are known).</param>
/// <param name="BandwidthHz">Uplink bandwidth shared equally by the users offloaded here.</param>
/// <param name="CapacityFlops">Total compute capacity C_ES, FLOP/s.</param>
public sealed record EdgeServer(string Id, double X, double Y, double BandwidthHz, double CapacityFlops);
