"""dlnotes: the small NumPy package behind the dlnotes deep-learning notes.

Convention: one example per *column*. A batch of ``m`` examples with ``n_x``
features is ``X`` of shape ``(n_x, m)``; a layer with ``n_in`` inputs and
``n_out`` units has ``W`` of shape ``(n_out, n_in)`` and ``b`` of shape
``(n_out, 1)``, so ``Z = W @ X + b``.

Only numpy is imported. Import the submodules you need::

    from dlnotes.activations import relu
"""

__version__ = "0.1.0"
