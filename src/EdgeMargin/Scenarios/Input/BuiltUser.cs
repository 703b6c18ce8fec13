namespace EdgeMargin.Scenarios.Input;

/// <summary>A validated user in model terms: its demand and its channel-gain row (one |h_ij|^2 per server, in server order).</summary>
/// <param name="Demand">What the policies read about the user.</param>
/// <param name="ChannelGains">|h_ij|^2 for j = 0..M-1.</param>
public sealed record BuiltUser(UserDemand Demand, double[] ChannelGains);
