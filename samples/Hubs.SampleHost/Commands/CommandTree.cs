using Hubs.SampleHost.Demo;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Commands;

/// <summary>
/// Every command of the tool.
/// </summary>
internal static class CommandTree
{
    /// <summary>The command groups (each needs a command after it).</summary>
    public static readonly IReadOnlySet<string> Branches = new HashSet<string>(StringComparer.Ordinal)
    {
        "import", "indicators", "region", "cluster", "ranking", "enterprise", "target", "storage",
    };

    // Examples are shown as a shell would take them: values with spaces or shell characters are quoted in the strings.
    public static void Register(IConfigurator config)
    {
        config.AddCommand<DemoCommand>("demo")
            .WithDescription("Load the seed story (three hubs, their regions, 2024 figures, WIPO 2025 rank, JoyGovAI), the 2019-2022 dataset, Hong Kong's figures, indicative HKD→CNY rates, the analyst's decision to leave Macao out of the GBA composite and illustrative 2035 targets, then show the store. Safe to run again: nothing changes the second time.")
            .WithExample("demo").WithExample("demo", "--ephemeral").WithExample("demo", "--json");

        config.AddBranch("import", import =>
        {
            import.SetDescription("Import CSV files: the whole file is checked first; any error → every error listed by line and column, nothing written.");
            import.AddCommand<ImportRdCommand>("rd")
                .WithDescription("R&D intensity: region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source (last four may be empty). A year already reported becomes a revision. With publisher,document,status columns each row is a publication instead, recorded in any order (docs/tracking.md). An optional kind column gives the kind of a region --register-missing registers (else --missing-kind).")
                .WithExample("import", "rd", "figures.csv", "--register-missing");
            import.AddCommand<ImportRatesCommand>("rates")
                .WithDescription("Exchange rates to CNY: currency,year,cny_per_unit,published_on,source (last two may be empty or absent): yuan per one unit of the currency, e.g. HKD,2022,0.8589. An empty publication date stays unknown.")
                .WithExample("import", "rates", "hkd-cny.csv");
            import.AddCommand<ImportRanksCommand>("ranks")
                .WithDescription("Global ranks: cluster,ranking,edition,rank,ranked_name,published_on,source.")
                .WithExample("import", "ranks", "wipo.csv");
            import.AddCommand<ImportRankingCommand>("ranking")
                .WithDescription("A ranking's editions in the data pack's long format (gii_clusters.csv): every cluster, competitors included, as 'Name (economy)' with its place as printed (12, =12, 12 or 13) and its shares; the edition is the year. Rows of other GII figures are listed as skipped.")
                .WithExample("import", "ranking", "gii_clusters.csv");
            import.AddCommand<ImportFiguresCommand>("figures")
                .WithDescription("Indicator figures in the data pack's long format: scope,year,indicator,value,unit,published_on,publisher,document,status. Rows of indicators outside the catalogue, derived shares, third-party counts and qualitative values are listed as skipped with the reason.")
                .WithExample("import", "figures", "basic_research.csv");
        });

        config.AddBranch("indicators", indicators =>
        {
            indicators.SetDescription("Indicators and targets as the plans write them (docs/tracking.md#indicators).");
            indicators.AddCommand<IndicatorReportCommand>("report")
                .WithDescription("Per cluster a scorecard (composite over counted members; its own published aggregates apart), the nation with its own targets, then each region: every indicator with data and every target with status and basis.")
                .WithExample("indicators", "report", "--json").WithExample("indicators", "report", "--known-at", "2025-01-01");
            indicators.AddCommand<IndicatorLeaderboardCommand>("leaderboard")
                .WithDescription("Regions ranked on one indicator by their latest complete year.")
                .WithExample("indicators", "leaderboard", "--indicator", "basic_research_share_of_rd");
            indicators.AddBranch("target", target =>
            {
                target.SetDescription("Targets as plans write them: any number per region or cluster, each with an id, its document and an official/illustrative mark.");
                target.AddCommand<SetIndicatorTargetCommand>("set").WithDescription("Set a new target.")
                    .WithExample("indicators", "target", "set", "fyp14-rd-growth", "--region", "china", "--indicator", "rd_expenditure_total",
                        "--kind", "compound-growth", "--comparison", "above", "--value", "7", "--from", "2021", "--year", "2025", "--document", "'14th Five-Year Plan'");
                target.AddCommand<ReviseIndicatorTargetCommand>("revise").WithDescription("Change a target (same id); --reason is required.");
                target.AddCommand<WithdrawIndicatorTargetCommand>("withdraw").WithDescription("Withdraw a target; --reason is required.");
            });
        });

        config.AddBranch("region", region =>
        {
            region.SetDescription("Regions: provinces, municipalities, SARs, cities inside them.");
            region.AddCommand<RegisterRegionCommand>("register").WithDescription("Register a region.")
                .WithExample("region", "register", "sichuan", "--kind", "province");
            region.AddCommand<SetRegionParentCommand>("set-parent").WithDescription("Record the region a city lies in (Shenzhen in Guangdong): no cluster may then count both.")
                .WithExample("region", "set-parent", "shenzhen", "--parent", "guangdong");
            region.AddCommand<PublishRegionFigureCommand>("publish")
                .WithDescription("Record one publication of a year's R&D figure, in any order: the as-known-at rule decides which is in use.")
                .WithExample("region", "publish", "guangdong", "--year", "2022", "--intensity", "3.42", "--expenditure", "4411.9", "--unit", "\"CNY 100m\"",
                    "--published-on", "2023-09-18", "--publisher", "NBS", "--document", "\"2022 Statistical Communique\"", "--quality", "official");
            region.AddCommand<CorrectFigureCommand>("correct").WithDescription("Correct a recording error in a year's figure in use (not a revision: its publication stays); --reason is required.")
                .WithExample("region", "correct", "beijing", "--year", "2022", "--intensity", "6.83", "--reason", "\"typed 6.38 for 6.83 from annex table 2\"");
        });

        config.AddBranch("cluster", cluster =>
        {
            cluster.SetDescription("Innovation hubs and their member regions.");
            cluster.AddCommand<EstablishClusterCommand>("establish").WithDescription("Establish a single-city hub.")
                .WithExample("cluster", "establish", "chengdu-chongqing", "--name", "Chengdu–Chongqing", "--anchor-city", "Chengdu");
            cluster.AddCommand<ExpandClusterCommand>("expand").WithDescription("Expand a single-city hub to a regional cluster.")
                .WithExample("cluster", "expand", "yangtze-river-delta", "--decided-by", "\"Central Economic Work Conference\"", "--on", "2025-12-11");
            cluster.AddCommand<JoinClusterCommand>("join").WithDescription("Make a region a member of a cluster.")
                .WithExample("cluster", "join", "yangtze-river-delta", "anhui");
            cluster.AddCommand<LeaveClusterCommand>("leave").WithDescription("End a region's membership of a cluster.")
                .WithExample("cluster", "leave", "yangtze-river-delta", "anhui");
            cluster.AddCommand<ExcludeMemberCommand>("exclude").WithDescription("Leave a member out of the cluster's composite R&D intensity (it stays a member); --reason is required and recorded with who and when.")
                .WithExample("cluster", "exclude", "greater-bay-area", "macao", "--reason", "\"no comparable statistics\"", "--actor", "analyst:li");
            cluster.AddCommand<ReinstateMemberCommand>("reinstate").WithDescription("Count an excluded member in the composite again; --reason is required.")
                .WithExample("cluster", "reinstate", "greater-bay-area", "macao", "--reason", "\"comparable series published\"");
            cluster.AddCommand<AliasClusterCommand>("alias").WithDescription("Count a ranked name (as a ranking prints it, without the economy) as one of the hub's clusters; the report finds the hub by it in every edition.")
                .WithExample("cluster", "alias", "greater-bay-area", "--ranked-name", "\"Shenzhen–Hong Kong–Guangzhou\"");
            cluster.AddCommand<UnaliasClusterCommand>("unalias").WithDescription("Stop counting a ranked name as the hub's cluster; --reason is required.")
                .WithExample("cluster", "unalias", "yangtze-river-delta", "--ranked-name", "Hefei", "--reason", "\"not in the hub's scope\"");
        });

        config.AddBranch("ranking", ranking =>
        {
            ranking.SetDescription("Ranking editions as published (import them with 'import ranking').");
            ranking.AddCommand<CorrectRankCommand>("correct").WithDescription("Correct a place recorded wrongly in an edition (not a new edition); --reason is required.")
                .WithExample("ranking", "correct", "GII", "--edition", "2025", "--ranked-name", "Hangzhou", "--place", "13", "--reason", "\"typed 31 for 13\"");
        });

        config.AddBranch("enterprise", enterprise =>
        {
            enterprise.SetDescription("Enterprises and their branches across the hubs.");
            enterprise.AddCommand<RegisterEnterpriseCommand>("register").WithDescription("Register an enterprise and its headquarters.")
                .WithExample("enterprise", "register", "joygovai", "--name", "JoyGovAI", "--hq-city", "Chengdu", "--hq-region", "sichuan");
            enterprise.AddCommand<PlanBranchCommand>("plan-branch").WithDescription("Announce a branch being set up.")
                .WithExample("enterprise", "plan-branch", "joygovai", "--city", "Shenzhen", "--region", "guangdong");
            enterprise.AddCommand<OpenBranchCommand>("open-branch").WithDescription("Open a branch (planned or not).")
                .WithExample("enterprise", "open-branch", "joygovai", "--city", "Shenzhen", "--region", "guangdong");
            enterprise.AddCommand<CloseBranchCommand>("close-branch").WithDescription("Close a branch or abandon a plan.")
                .WithExample("enterprise", "close-branch", "joygovai", "--city", "Shenzhen");
            enterprise.AddCommand<TransferCommand>("transfer").WithDescription("Record a technology transferred from a lab to the market.")
                .WithExample("enterprise", "transfer", "joygovai", "--technology", "OCR", "--from-lab", "\"Lab A\"", "--to-partner", "\"City B\"", "--region", "sichuan");
        });

        config.AddBranch("target", target =>
        {
            target.SetDescription("Targets of clusters and regions.");
            target.AddCommand<SetTargetCommand>("set").WithDescription("Set or replace a target on a cluster or a region.")
                .WithExample("target", "set", "--cluster", "greater-bay-area", "--metric", "global-rank", "--ranking", "\"WIPO GII S&T clusters\"", "--value", "1")
                .WithExample("target", "set", "--region", "anhui", "--value", "3.2", "--deadline", "2035");
        });

        config.AddCommand<ReportCommand>("report")
            .WithDescription("Cluster scorecards, region trackers and the tracking of every target, computed from the event log (read-only: changes nothing in the store).")
            .WithExample("report").WithExample("report", "--json").WithExample("report", "--known-at", "2022-12-31");
        config.AddCommand<LeaderboardCommand>("leaderboard")
            .WithDescription("Regions ranked by R&D intensity for a year; national comparators shown apart.")
            .WithExample("leaderboard", "--year", "2024");
        config.AddCommand<DiffCommand>("diff")
            .WithDescription("What changed in the report between two recorded-at instants or two publication dates, with the events behind each change.")
            .WithExample("diff", "--from", "2026-01-01T00:00:00Z").WithExample("diff", "--known-from", "2022-12-31", "--known-to", "2023-12-31");
        config.AddCommand<HistoryCommand>("history")
            .WithDescription("Every event of a stream: type, version, recorded-at, who, why, source, hash.")
            .WithExample("history", "beijing").WithExample("history", "cluster:greater-bay-area", "--json");
        config.AddCommand<ReplayCommand>("replay")
            .WithDescription("Time travel: a stream's state at a version or at a recorded-at instant.")
            .WithExample("replay", "beijing", "--version", "2").WithExample("replay", "cluster:yangtze-river-delta", "--at", "2026-01-01T00:00:00Z");
        config.AddCommand<VerifyCommand>("verify")
            .WithDescription("Recompute every hash chain; exit code 3 on any break. Save a digest to keep outside the database, compare with it later.")
            .WithExample("verify", "--save-digest", "digest.json").WithExample("verify", "--digest", "digest.json");
        config.AddCommand<ExportCommand>("export")
            .WithDescription("Stream events with metadata and hashes as JSON Lines or CSV, verifiable independently (docs/auditing.md).")
            .WithExample("export", "--all", "--format", "jsonl", "--out", "events.jsonl").WithExample("export", "beijing", "--format", "csv");
        config.AddCommand<EvidenceCommand>("evidence")
            .WithDescription("Write an auditor's evidence bundle: both exports, the digest, the verification, the report, the verification script, checksums and a README on re-verifying without this software. Exit code 3 when verification fails.")
            .WithExample("evidence", "--out", "bundle-2026-01-14").WithExample("evidence", "--out", "bundle", "--known-at", "2025-12-31");
        config.AddCommand<RebuildCommand>("rebuild")
            .WithDescription("Rebuild every tracking read model from the event log in one pass (--marten: through Marten's daemon), with progress; refused while a hot/cold daemon runs the projections.")
            .WithExample("rebuild").WithExample("rebuild", "--marten");

        config.AddCommand<DaemonCommand>("daemon")
            .WithDescription("Run the tracking projections continuously (Marten async daemon, hot/cold: of several daemons on one database each projection runs in one at a time, and the others take over if it stops). Ctrl+C stops it.")
            .WithExample("daemon");

        config.AddBranch("storage", storage =>
        {
            storage.SetDescription("The event store itself.");
            storage.AddCommand<ServeCommand>("serve")
                .WithDescription("Run the store in the foreground and print its connection string (for psql or another hubs); Ctrl+C stops it.")
                .WithExample("storage", "serve");
            storage.AddCommand<MigrateCommand>("migrate")
                .WithDescription("Apply this release's schema changes (with HUBS_AUTO_MIGRATE=0 no other command changes the schema) and store the schema fingerprint that lets later starts skip the check.")
                .WithExample("storage", "migrate");
        });
    }
}
