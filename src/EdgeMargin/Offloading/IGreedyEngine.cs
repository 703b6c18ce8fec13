using EdgeMargin.Catalogs;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading;

/// <summary>
/// The greedy machinery shared by GOA, edge-all, random and d_min: first place every forced user, always taking the
/// (user, server) pair with the smallest gap; then keep placing optional users while the smallest gap is negative.
/// Ties go to the lowest user index, then the lowest server index. Implementations must return identical assignments.
/// </summary>
/// <remarks>Its <see cref="INamed.Name"/> ("fast", "direct") is what the command line, the gateway's config and <see cref="GreedyEngineCatalog"/> know it by.</remarks>
public interface IGreedyEngine : INamed
{
    /// <summary>Runs both phases.</summary>
    /// <param name="scenario">The epoch.</param>
    /// <param name="roles">Role per user.</param>
    /// <param name="weighted">Weight gaps by u_i (GOA, edge-all) or not (random, d_min).</param>
    Assignment Run(Scenario scenario, ReadOnlySpan<CandidateRole> roles, bool weighted);
}
