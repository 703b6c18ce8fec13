using EdgeMargin.Offloading;

namespace EdgeMargin.Tests.Catalogs;

public class PolicyCatalogTests
{
    [Fact]
    public void A_default_sweep_runs_exactly_the_paper_s_six_methods_in_the_paper_s_order()
    {
        // Paper is the catalog's first six entries: a policy registered in front of them would silently join every
        // default sweep and push one of the paper's methods out. The paper's table order is the anchor here.
        Assert.Equal(["goa", "local-all", "edge-all", "random", "dmin", "ga"], new EdgeMargin.Experiments.SweepOptions().Policies.Select(p => p.Name));
        Assert.Equal(PolicyCatalog.Paper, PolicyCatalog.All.Take(PolicyCatalog.Paper.Count));
    }
}
