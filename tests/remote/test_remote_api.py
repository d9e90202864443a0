"""The REST, SPARQL and explorer tests of the other suites, re-run over the remote adapter.

The test functions are the very ones that run on the embedded store: imported here, they
pick up this folder's ``reader``, ``client`` and ``sparql_client`` (apps with
``store="remote"`` over the throw-away Virtuoso). Left out: tests that need a fresh store
of their own (counts of all cases, an empty submitted graph, restarts of an on-disk store)
and the Graph Store tests, whose module builds its own embedded app
(``test_remote_graph_store.py`` covers the Graph Store over the remote adapter).
"""

from __future__ import annotations

from tests.api.test_api_cases import (
    test_cases_filter_by_computed_verdict,
    test_cases_list_documented_cases_read_from_the_store,
    test_description_only_case_is_classified_from_its_text,
    test_one_case_has_expected_and_computed_verdicts,
    test_post_case_classifies_and_answers_201_with_location,
    test_post_with_unknown_fact_is_422_naming_it,
    test_posted_case_is_visible_in_sparql,
)
from tests.api.test_api_meta import (
    test_framings_list_each_framing_with_definitions_side_by_side,
    test_ontology_downloads_whole_in_each_format,
    test_path_names_each_relation_between_two_terms,
    test_tree_nests_every_term_under_its_parents,
)
from tests.api.test_api_search import (
    test_search_finds_mesa_optimizer_first_whatever_the_spelling,
    test_search_ranks_exact_then_prefix_then_definition,
    test_suggest_completes_label_prefixes,
)
from tests.api.test_api_terms import (
    test_ancestors_are_transitive_and_descendants_mirror_them,
    test_etag_changes_when_the_store_changes,
    test_framed_definitions_name_their_framing_and_source,
    test_neighbourhood_graph_has_named_edges_within_depth,
    test_parents_and_children_are_direct,
    test_rdf_representations_parse_back_to_the_terms_triples,
    test_term_is_found_by_local_name_curie_and_full_iri,
    test_term_json_has_labels_definitions_sources_and_neighbours,
    test_unknown_term_is_404_problem_with_close_matches,
)
from tests.classifier.test_classify_api import (
    test_declaring_the_partition_resolves_the_kidnapping_case,
    test_description_alone_is_read_into_facts_with_evidence,
    test_kidnapping_is_ambiguous_with_the_partition_question,
)
from tests.sparql.test_sparql_endpoint import (
    test_construct_answers_in_each_rdf_format,
    test_every_example_query_answers_rows,
    test_federated_service_is_refused,
    test_select_format_follows_accept,
    test_select_rows_are_capped_with_a_marker,
    test_small_results_carry_no_truncation_marker,
    test_syntax_error_is_400_naming_line_and_column,
    test_unacceptable_accept_is_406,
    test_updates_touching_the_ontology_are_403,
)
from tests.visualizations.test_visualizations_service import (
    test_explorer_focus_opens_on_a_neighbourhood_of_the_whole_graph,
    test_explorer_page_is_html_loading_vis_from_the_same_origin,
)

__all__ = [
    "test_ancestors_are_transitive_and_descendants_mirror_them",
    "test_cases_filter_by_computed_verdict",
    "test_cases_list_documented_cases_read_from_the_store",
    "test_construct_answers_in_each_rdf_format",
    "test_declaring_the_partition_resolves_the_kidnapping_case",
    "test_description_alone_is_read_into_facts_with_evidence",
    "test_description_only_case_is_classified_from_its_text",
    "test_etag_changes_when_the_store_changes",
    "test_every_example_query_answers_rows",
    "test_explorer_focus_opens_on_a_neighbourhood_of_the_whole_graph",
    "test_explorer_page_is_html_loading_vis_from_the_same_origin",
    "test_federated_service_is_refused",
    "test_framed_definitions_name_their_framing_and_source",
    "test_framings_list_each_framing_with_definitions_side_by_side",
    "test_kidnapping_is_ambiguous_with_the_partition_question",
    "test_neighbourhood_graph_has_named_edges_within_depth",
    "test_one_case_has_expected_and_computed_verdicts",
    "test_ontology_downloads_whole_in_each_format",
    "test_parents_and_children_are_direct",
    "test_path_names_each_relation_between_two_terms",
    "test_post_case_classifies_and_answers_201_with_location",
    "test_post_with_unknown_fact_is_422_naming_it",
    "test_posted_case_is_visible_in_sparql",
    "test_rdf_representations_parse_back_to_the_terms_triples",
    "test_search_finds_mesa_optimizer_first_whatever_the_spelling",
    "test_search_ranks_exact_then_prefix_then_definition",
    "test_select_format_follows_accept",
    "test_select_rows_are_capped_with_a_marker",
    "test_small_results_carry_no_truncation_marker",
    "test_suggest_completes_label_prefixes",
    "test_syntax_error_is_400_naming_line_and_column",
    "test_term_is_found_by_local_name_curie_and_full_iri",
    "test_term_json_has_labels_definitions_sources_and_neighbours",
    "test_tree_nests_every_term_under_its_parents",
    "test_unacceptable_accept_is_406",
    "test_unknown_term_is_404_problem_with_close_matches",
    "test_updates_touching_the_ontology_are_403",
]
