using EdgeMargin.Scenarios;

namespace EdgeMargin.Serving.Decisions;

/// <summary>A validated request, in model terms: the user's demand and its channel-gain row (one gain per server).</summary>
internal sealed record DeviceDemand(UserDemand Demand, double[] ChannelGains);
