using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMargin.Cli.Config;
using EdgeMargin.Cli.Output;
using EdgeMargin.Offloading;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Cli.Commands;

/// <summary><c>decide</c>: one epoch from a JSON file, decided by one policy, printed as JSON for cross-checking.</summary>
internal static class DecideCommand
{
    internal static Command Create()
    {
        var scenario = new Option<string>("--scenario") { Description = "Epoch JSON file (servers, users; see README).", Required = true };
        var policy = new Option<string>("--policy")
        {
            Description = $"Policy that decides the epoch:{CatalogOptions.Help(PolicyCatalog.All.Entries)}",
            DefaultValueFactory = _ => PolicyCatalog.All.Default.Name,
        };
        var tau = new Option<double>("--tau") { Description = "Threshold tau in [0, 1].", DefaultValueFactory = _ => 0.6 };
        var seed = new Option<ulong>("--seed") { Description = "Seed for the policy's own random choices.", DefaultValueFactory = _ => 42UL };
        var compat = new Option<string?>("--compat") { Description = "Override the file's formula set: 'default' or 'reference'." };
        var engine = CommonOptions.Engine();
        var signal = new Option<string>("--signal")
        {
            Description = "Signal that turns a user's 'topK' into u (users that give 'uncertainty' keep it); only next-token signals apply:" +
                CatalogOptions.Help(SignalCatalog.All.Entries.Where(e => e.Item is IUncertaintySignal)),
            DefaultValueFactory = _ => SignalCatalog.All.Default.Name,
        };
        var backlogAware = new Option<bool>("--backlog-aware")
        {
            Description = "Let the decision see each server's backlog (servers[].backlog: jobsInService share its compute, waitS adds to the edge time). " +
                "Off by default, the paper's static estimate; the printed delays count the backlog either way.",
        };
        var command = new Command("decide", "Decide one epoch read from JSON and print the assignment and per-user delays as JSON.")
        {
            scenario, policy, tau, seed, compat, engine, signal, backlogAware,
        };
        command.SetAction(async (parse, ct) =>
        {
            string path = parse.GetValue(scenario)!;
            double t = CommonOptions.UnitInterval(parse, tau);
            var chosen = CatalogOptions.Parse(PolicyCatalog.All, parse.GetValue(policy), "--policy");
            var greedy = CommonOptions.ParseEngine(parse.GetValue(engine));
            EdgeMargin.Scenarios.ModelMode? mode = parse.GetValue(compat) is string c ? CommonOptions.ParseCompat(c) : null;
            IUncertaintySignal nextToken;
            try { nextToken = SignalCatalog.GetNextToken(parse.GetValue(signal)); }
            catch (ArgumentException ex) { throw new UsageException($"--signal: {ex.Message}"); }
            var file = ConfigFile.Load<ScenarioFile>(path, "Scenario");
            var epoch = file.ToScenario(path, mode, nextToken);
            bool aware = parse.GetValue(backlogAware);
            var assignment = chosen.Decide(epoch, new PolicyContext(t, parse.GetValue(seed)) { Engine = greedy, BacklogAware = aware });
            var outcome = OutcomeEvaluator.Evaluate(epoch, assignment);
            var json = DecisionJson.Build(epoch, chosen.Name, t, assignment, outcome, aware);
            await parse.InvocationConfiguration.Output.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
