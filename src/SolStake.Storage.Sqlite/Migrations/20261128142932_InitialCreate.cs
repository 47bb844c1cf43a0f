using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    internal partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    actor_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_logs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "epochs",
                columns: table => new
                {
                    epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    first_slot = table.Column<long>(type: "INTEGER", nullable: false),
                    slots_in_epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    last_observed_slot = table.Column<long>(type: "INTEGER", nullable: false),
                    cluster_leader_slots = table.Column<long>(type: "INTEGER", nullable: true),
                    cluster_blocks_produced = table.Column<long>(type: "INTEGER", nullable: true),
                    block_production_fetched_at = table.Column<long>(type: "INTEGER", nullable: true),
                    rewards_fetched_at = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_epochs", x => x.epoch);
                });

            migrationBuilder.CreateTable(
                name: "scoring_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    run_date = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    profile = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    model_version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    validator_count = table.Column<int>(type: "INTEGER", nullable: false),
                    success_count = table.Column<int>(type: "INTEGER", nullable: false),
                    fail_count = table.Column<int>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scoring_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    wallet_pubkey = table.Column<string>(type: "TEXT", maxLength: 44, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "validators",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    vote_account = table.Column<string>(type: "TEXT", maxLength: 44, nullable: false),
                    identity = table.Column<string>(type: "TEXT", maxLength: 44, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    website = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    details = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    icon_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    keybase_username = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    commission_bps = table.Column<int>(type: "INTEGER", nullable: false),
                    activated_stake = table.Column<long>(type: "INTEGER", nullable: false),
                    delinquent = table.Column<bool>(type: "INTEGER", nullable: false),
                    epoch_vote_account = table.Column<bool>(type: "INTEGER", nullable: false),
                    last_vote = table.Column<long>(type: "INTEGER", nullable: false),
                    root_slot = table.Column<long>(type: "INTEGER", nullable: false),
                    uptime = table.Column<double>(type: "REAL", nullable: false),
                    info_updated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    version_updated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_validators", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stake_accounts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    pubkey = table.Column<string>(type: "TEXT", maxLength: 44, nullable: false),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    validator_id = table.Column<long>(type: "INTEGER", nullable: true),
                    voter = table.Column<string>(type: "TEXT", maxLength: 44, nullable: true),
                    staked_amount = table.Column<long>(type: "INTEGER", nullable: false),
                    lamports = table.Column<long>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    activation_epoch = table.Column<long>(type: "INTEGER", nullable: true),
                    deactivation_epoch = table.Column<long>(type: "INTEGER", nullable: true),
                    staker = table.Column<string>(type: "TEXT", maxLength: 44, nullable: true),
                    withdrawer = table.Column<string>(type: "TEXT", maxLength: 44, nullable: true),
                    rent_exempt_reserve = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stake_accounts", x => x.id);
                    table.ForeignKey(
                        name: "fk_stake_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_stake_accounts_validators_validator_id",
                        column: x => x.validator_id,
                        principalTable: "validators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "trust_scores",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    validator_id = table.Column<long>(type: "INTEGER", nullable: false),
                    scoring_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    score = table.Column<double>(type: "REAL", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    profile = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    model_version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    breakdown = table.Column<string>(type: "TEXT", nullable: false),
                    flags = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trust_scores", x => x.id);
                    table.ForeignKey(
                        name: "fk_trust_scores_scoring_runs_scoring_run_id",
                        column: x => x.scoring_run_id,
                        principalTable: "scoring_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_trust_scores_validators_validator_id",
                        column: x => x.validator_id,
                        principalTable: "validators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "validator_epoch_stats",
                columns: table => new
                {
                    validator_id = table.Column<long>(type: "INTEGER", nullable: false),
                    epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    credits = table.Column<long>(type: "INTEGER", nullable: false),
                    leader_slots = table.Column<long>(type: "INTEGER", nullable: true),
                    blocks_produced = table.Column<long>(type: "INTEGER", nullable: true),
                    max_sampled_commission_bps = table.Column<int>(type: "INTEGER", nullable: true),
                    effective_commission_bps = table.Column<int>(type: "INTEGER", nullable: true),
                    activated_stake = table.Column<long>(type: "INTEGER", nullable: true),
                    reward_lamports = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_validator_epoch_stats", x => new { x.validator_id, x.epoch });
                    table.ForeignKey(
                        name: "fk_validator_epoch_stats_validators_validator_id",
                        column: x => x.validator_id,
                        principalTable: "validators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "validator_observations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    validator_id = table.Column<long>(type: "INTEGER", nullable: false),
                    epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    slot = table.Column<long>(type: "INTEGER", nullable: false),
                    slot_index = table.Column<long>(type: "INTEGER", nullable: false),
                    observed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    delinquent = table.Column<bool>(type: "INTEGER", nullable: false),
                    activated_stake = table.Column<long>(type: "INTEGER", nullable: false),
                    commission_bps = table.Column<int>(type: "INTEGER", nullable: false),
                    last_vote = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_validator_observations", x => x.id);
                    table.ForeignKey(
                        name: "fk_validator_observations_validators_validator_id",
                        column: x => x.validator_id,
                        principalTable: "validators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_created_at",
                table: "audit_logs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_scoring_runs_run_date",
                table: "scoring_runs",
                column: "run_date");

            migrationBuilder.CreateIndex(
                name: "ix_scoring_runs_status_run_date",
                table: "scoring_runs",
                columns: new[] { "status", "run_date" });

            migrationBuilder.CreateIndex(
                name: "ix_stake_accounts_pubkey",
                table: "stake_accounts",
                column: "pubkey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stake_accounts_user_id",
                table: "stake_accounts",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_stake_accounts_validator_id",
                table: "stake_accounts",
                column: "validator_id");

            migrationBuilder.CreateIndex(
                name: "ix_trust_scores_scoring_run_id_validator_id",
                table: "trust_scores",
                columns: new[] { "scoring_run_id", "validator_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_trust_scores_validator_id",
                table: "trust_scores",
                column: "validator_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_wallet_pubkey",
                table: "users",
                column: "wallet_pubkey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_validator_epoch_stats_epoch",
                table: "validator_epoch_stats",
                column: "epoch");

            migrationBuilder.CreateIndex(
                name: "ix_validator_observations_observed_at",
                table: "validator_observations",
                column: "observed_at");

            migrationBuilder.CreateIndex(
                name: "ix_validator_observations_validator_id_slot",
                table: "validator_observations",
                columns: new[] { "validator_id", "slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_validators_identity",
                table: "validators",
                column: "identity");

            migrationBuilder.CreateIndex(
                name: "ix_validators_vote_account",
                table: "validators",
                column: "vote_account",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_logs");

            migrationBuilder.DropTable(
                name: "epochs");

            migrationBuilder.DropTable(
                name: "stake_accounts");

            migrationBuilder.DropTable(
                name: "trust_scores");

            migrationBuilder.DropTable(
                name: "validator_epoch_stats");

            migrationBuilder.DropTable(
                name: "validator_observations");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "scoring_runs");

            migrationBuilder.DropTable(
                name: "validators");
        }
    }
}
