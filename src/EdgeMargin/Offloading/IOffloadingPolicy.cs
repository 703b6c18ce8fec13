using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>A way of deciding, for one epoch, which users offload and where.</summary>
public interface IOffloadingPolicy
{
    /// <summary>Stable name used on the command line and in outputs (e.g. "goa").</summary>
    string Name { get; }

    /// <summary>Decides the epoch.</summary>
    Assignment Decide(Scenario scenario, PolicyContext context);
}
