"""ui.progress: slow work runs once per inputs, with a bar that is gone when it is done."""

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from ui import progress

    st.session_state.setdefault("calls", [])
    seen = []

    def compute(report):
        st.session_state["calls"].append(st.session_state.get("n", 1))
        for i in range(5):
            report(i / 4)
            seen.append(i / 4)
        return st.session_state.get("n", 1) * 10

    st.markdown(str(progress.once("test", (st.session_state.get("n", 1),), compute, "Đang tính…")))
    st.session_state["seen"] = seen


def test_work_runs_once_per_inputs_and_the_bar_goes():
    at = AppTest.from_function(_script)
    at.run()
    assert at.session_state["calls"] == [1] and at.session_state["seen"] == [0, 0.25, 0.5, 0.75, 1.0]
    assert at.markdown[0].value == "10" and not at.get("progress")
    at.run()                                    # a rerun with the same inputs: from the memo
    assert at.session_state["calls"] == [1] and at.session_state["seen"] == []
    at.session_state["n"] = 2
    at.run()                                    # new inputs: computed again
    assert at.session_state["calls"] == [1, 2] and at.markdown[0].value == "20"
