using EdgeMargin.Catalogs;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>
/// A way of deciding, for one epoch, which users offload and where. Its <see cref="INamed.Name"/> (e.g. "goa") is what
/// the command line, outputs and <see cref="PolicyCatalog"/> know it by; nothing else depends on the name.
/// </summary>
public interface IOffloadingPolicy : INamed
{
    /// <summary>Decides the epoch.</summary>
    Assignment Decide(Scenario scenario, PolicyContext context);

    /// <summary>
    /// Why this policy cannot decide epochs of <paramref name="users"/> users on <paramref name="servers"/> servers, or
    /// null when it can. Most policies take any size; an exact search refuses large ones.
    /// </summary>
    /// <remarks>
    /// A sweep asks before it starts, so a refusal is reported with the other option problems instead of failing
    /// halfway, wrapped in the parallel loop's AggregateException.
    /// </remarks>
    string? SizeProblem(int users, int servers) => null;
}
