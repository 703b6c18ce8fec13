using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>How many users a count-driven baseline (random) offloads on an epoch.</summary>
public interface IOffloadCountSource
{
    /// <summary>What the count is, for the policy's description ("as many users as goa").</summary>
    string Description { get; }

    /// <summary>The number of users to offload on <paramref name="scenario"/> under <paramref name="context"/>; may exceed N (it is clamped).</summary>
    int Count(Scenario scenario, PolicyContext context);
}
