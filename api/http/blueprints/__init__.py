"""One flask-smorest blueprint per resource.

Invalid input answers 400 (NL GOV API Design Rules, /core/error-handling/invalid-input),
documented so on every operation that reads arguments: set here, before any blueprint
module is decorated, since flask-smorest records the status as the decorators run.
"""

from flask_smorest import Blueprint

Blueprint.ARGUMENTS_PARSER.DEFAULT_VALIDATION_STATUS = 400
